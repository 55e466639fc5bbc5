// The demo shop's glue: mount the Feedloop widget where the page asks for feedback.
// Kept in a file (not inline) so the page works under a strict Content-Security-Policy.
const common = { endpoint: location.origin, siteKey: 'pk_demo_3f9a8c2e71b4' };

const checkout = document.getElementById('checkout-feedback');
if (checkout) {
  Feedloop.mount(checkout, { ...common, touchpoint: 'checkout', metric: 'csat' });
  document.getElementById('buy').addEventListener('click', () => {
    document.getElementById('bought').hidden = false;
  });
}

const chat = document.getElementById('chat-feedback');
if (chat) {
  document.getElementById('end-chat').addEventListener('click', (event) => {
    event.currentTarget.hidden = true;
    chat.hidden = false;
    Feedloop.mount(chat, { ...common, touchpoint: 'support.chat', metric: 'csat' });
  });
}
