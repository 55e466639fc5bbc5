// The help page's own script: nothing here talks to Feedloop. It only adds markup; the widget notices the new
// [data-feedloop-touchpoint] element and mounts it, as it would for content a framework or a CMS adds later.
// Kept in a file (not inline) so the page works under a strict Content-Security-Policy.
const button = document.getElementById('contact');
const details = document.getElementById('contact-details');

button.addEventListener('click', () => {
  details.hidden = false;
  button.hidden = true;
  if (document.getElementById('contact-feedback')) return;
  const heading = document.createElement('h2');
  heading.textContent = 'After you contact us';
  const question = document.createElement('div');
  question.id = 'contact-feedback';
  question.dataset.feedloopTouchpoint = 'help.contact';
  question.dataset.feedloopMetric = 'fcr';
  question.dataset.feedloopQuestion = 'Did we solve your problem on first contact?';
  details.append(heading, question);
});
