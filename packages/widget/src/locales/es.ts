import type { Strings } from '../strings.js';

/** Spanish. */
const es: Strings = {
  csat: '¿Cuál es tu nivel de satisfacción con tu experiencia?',
  nps: '¿Qué probabilidad hay de que nos recomiendes a un amigo o colega?',
  ces: 'Me resultó fácil conseguir lo que necesitaba.',
  thumbs: '¿Te resultó útil?',
  emoji: '¿Qué tal lo hicimos?',
  fcr: '¿Se resolvió tu problema?',
  csatLabels: ['Muy insatisfecho', 'Insatisfecho', 'Neutral', 'Satisfecho', 'Muy satisfecho'],
  cesLabels: ['Totalmente en desacuerdo', 'En desacuerdo', 'Algo en desacuerdo', 'Ni de acuerdo ni en desacuerdo', 'Algo de acuerdo', 'De acuerdo', 'Totalmente de acuerdo'],
  emojiLabels: ['Muy mal', 'Mal', 'Regular', 'Bien', 'Excelente'],
  thumbsLabels: ['Pulgar hacia abajo', 'Pulgar hacia arriba'],
  fcrLabels: ['No', 'Sí'],
  npsLow: 'Nada probable',
  npsHigh: 'Extremadamente probable',
  followLow: '¿Qué podríamos mejorar?',
  followMid: '¿Qué haría que fuera aún mejor?',
  followHigh: '¿Qué es lo que más te gustó?',
  optional: '(opcional)',
  reasons: '¿De qué se trataba?',
  send: 'Enviar',
  thanks: '¡Gracias por tus comentarios!',
  offline: 'Parece que no tienes conexión. Tu valoración se ha guardado y se enviará cuando vuelvas a estar en línea.',
  error: 'Lo sentimos, no se pudo enviar tu valoración.',
  close: 'Cerrar',
  launcher: 'Comentarios',
};
export default es;
