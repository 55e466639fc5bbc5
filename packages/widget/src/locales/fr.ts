import type { Strings } from '../strings.js';

/** French. */
const fr: Strings = {
  csat: 'Quel est votre niveau de satisfaction concernant votre expérience ?',
  nps: 'Quelle est la probabilité que vous nous recommandiez à un ami ou un collègue ?',
  ces: 'J’ai pu obtenir facilement ce dont j’avais besoin.',
  thumbs: 'Cela vous a-t-il été utile ?',
  emoji: 'Qu’en avez-vous pensé ?',
  fcr: 'Votre problème a-t-il été résolu ?',
  csatLabels: ['Très insatisfait', 'Insatisfait', 'Neutre', 'Satisfait', 'Très satisfait'],
  cesLabels: ['Pas du tout d’accord', 'Pas d’accord', 'Plutôt pas d’accord', 'Ni d’accord ni pas d’accord', 'Plutôt d’accord', 'D’accord', 'Tout à fait d’accord'],
  emojiLabels: ['Très mauvais', 'Mauvais', 'Moyen', 'Bon', 'Excellent'],
  thumbsLabels: ['Pouce vers le bas', 'Pouce vers le haut'],
  fcrLabels: ['Non', 'Oui'],
  npsLow: 'Pas du tout probable',
  npsHigh: 'Extrêmement probable',
  followLow: 'Que pourrions-nous améliorer ?',
  followMid: 'Comment pourrions-nous faire encore mieux ?',
  followHigh: 'Qu’avez-vous le plus apprécié ?',
  optional: '(facultatif)',
  reasons: 'De quoi s’agissait-il ?',
  send: 'Envoyer',
  thanks: 'Merci pour votre avis !',
  offline: 'Vous semblez être hors ligne. Votre évaluation est enregistrée et sera envoyée dès votre retour en ligne.',
  error: 'Désolé, votre évaluation n’a pas pu être envoyée.',
  close: 'Fermer',
  launcher: 'Votre avis',
};
export default fr;
