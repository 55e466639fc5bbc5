import type { Strings } from '../strings.js';

/** Portuguese (Brazil). */
const pt: Strings = {
  csat: 'Qual é o seu nível de satisfação com a sua experiência?',
  nps: 'Qual é a probabilidade de você nos recomendar a um amigo ou colega?',
  ces: 'Foi fácil conseguir o que eu precisava.',
  thumbs: 'Isso foi útil?',
  emoji: 'Como nos saímos?',
  fcr: 'Seu problema foi resolvido?',
  csatLabels: ['Muito insatisfeito', 'Insatisfeito', 'Neutro', 'Satisfeito', 'Muito satisfeito'],
  cesLabels: ['Discordo totalmente', 'Discordo', 'Discordo parcialmente', 'Não concordo nem discordo', 'Concordo parcialmente', 'Concordo', 'Concordo totalmente'],
  emojiLabels: ['Péssimo', 'Ruim', 'Regular', 'Bom', 'Ótimo'],
  thumbsLabels: ['Polegar para baixo', 'Polegar para cima'],
  fcrLabels: ['Não', 'Sim'],
  npsLow: 'Nada provável',
  npsHigh: 'Extremamente provável',
  followLow: 'O que podemos melhorar?',
  followMid: 'O que tornaria a experiência ainda melhor?',
  followHigh: 'Do que você mais gostou?',
  optional: '(opcional)',
  reasons: 'Sobre o que foi?',
  send: 'Enviar',
  thanks: 'Obrigado pelo seu feedback!',
  offline: 'Parece que você está sem conexão. Sua avaliação foi salva e será enviada quando você estiver on-line novamente.',
  error: 'Desculpe, não foi possível enviar sua avaliação.',
  close: 'Fechar',
  launcher: 'Feedback',
};
export default pt;
