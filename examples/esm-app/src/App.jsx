import { useEffect, useState } from 'react';
import { ask, on } from '@feedloop/widget';

const ORDER = {
  id: 'TO-4821',
  item: 'Alpine 40 L backpack',
  steps: [
    { label: 'Order placed', when: 'Mon 9:14', done: true },
    { label: 'Packed', when: 'Mon 15:40', done: true },
    { label: 'Out for delivery', when: 'Today 7:05', done: true },
    { label: 'Delivered', when: 'Expected by 18:00', done: false },
  ],
};

// The conversation the support tool knows this chat by; it travels with the rating as `interaction`.
const CHAT = { id: 'conv_8f3a2c71', agentId: 'ag_maya' };

function OrderTracking() {
  return (
    <section className="card" aria-labelledby="order-title">
      <h1 id="order-title">Order {ORDER.id}</h1>
      <p className="muted">{ORDER.item}</p>
      <ol className="steps">
        {ORDER.steps.map((step) => (
          <li key={step.label} className={step.done ? 'done' : undefined}>
            <b>{step.label}</b> <span className="muted">{step.when}</span>
          </li>
        ))}
      </ol>
      <h2>How is tracking your order going?</h2>
      <TrackingRating />
    </section>
  );
}

/** React 19 hands these props to the custom element as plain attributes. */
function TrackingRating() {
  return <feedloop-rating id="tracking-feedback" touchpoint="order.tracking" metric="csat" question="How satisfied are you with tracking your order?" reasons="Clear status, Accurate time, Too few updates" />;
}

function SupportChat() {
  const [ended, setEnded] = useState(false);
  const [status, setStatus] = useState('');

  useEffect(() => {
    const offSubmitted = on('submitted', ({ event }) => {
      if (event.touchpoint === 'support.chat') setStatus(`Thanks — rating ${event.value} recorded`);
    });
    const offDismissed = on('dismissed', ({ touchpoint }) => {
      if (touchpoint === 'support.chat') setStatus('No problem — maybe next time.');
    });
    return () => {
      offSubmitted();
      offDismissed();
    };
  }, []);

  function endChat() {
    setEnded(true);
    const result = ask({
      touchpoint: 'support.chat',
      metric: 'nps',
      interaction: { ...CHAT, channel: 'chat', endedAt: new Date().toISOString() },
    });
    // ask() may decline: the customer answered recently (cooldown), a popover is already open, or sampling.
    if (!result.ok) setStatus(`We won't ask for feedback this time (${result.reason}).`);
  }

  return (
    <section className="card" aria-labelledby="chat-title">
      <h2 id="chat-title">Chat with support</h2>
      <ol className="transcript" aria-label="Chat transcript">
        <li className="agent"><b>Maya (support):</b> Hi! I can see order {ORDER.id} is out for delivery.</li>
        <li className="me"><b>You:</b> Can the driver leave it with my neighbour?</li>
        <li className="agent"><b>Maya (support):</b> Done — I have added a note for the driver.</li>
      </ol>
      {ended ? <p className="muted">Chat ended.</p> : <button type="button" className="primary" onClick={endChat}>End chat</button>}
      <p className="status" role="status">{status}</p>
    </section>
  );
}

export function App() {
  return (
    <>
      <header className="bar">
        <span className="brand">Trailhead Outfitters</span>
        <nav>Orders · Support</nav>
      </header>
      <main>
        <OrderTracking />
        <SupportChat />
      </main>
    </>
  );
}
