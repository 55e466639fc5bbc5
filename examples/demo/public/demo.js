// The demo shop's glue: start Feedloop once, ask at checkout inline, and after a support chat in a popover.
// Kept in a file (not inline) so the page works under a strict Content-Security-Policy.
Feedloop.init({ endpoint: location.origin, siteKey: 'pk_demo_3f9a8c2e71b4' });

const checkout = document.getElementById('checkout-feedback');
if (checkout) {
  Feedloop.mount(checkout, { touchpoint: 'checkout', metric: 'csat', reasons: ['Price', 'Delivery options', 'Payment', 'Speed'] });
  document.getElementById('buy').addEventListener('click', () => {
    document.getElementById('bought').hidden = false;
  });
}

const endChat = document.getElementById('end-chat');
if (endChat) {
  endChat.addEventListener('click', () => {
    endChat.hidden = true;
    // After the interaction, once per cooldown: canAsk() says why not when it declines.
    const asked = Feedloop.ask({
      touchpoint: 'support.chat',
      metric: 'csat',
      interaction: { id: 'chat_4821', channel: 'chat', agentId: 'maya', endedAt: new Date().toISOString() },
    });
    document.getElementById('chat-status').textContent = asked.ok ? '' : `Not asking again (${asked.reason}).`;
  });
}
