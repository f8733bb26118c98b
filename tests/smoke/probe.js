// Runs in the page before the app (added by the smoke drivers): keeps what
// a user would call an error — an uncaught exception, a rejected promise
// nobody handled, a console.error, a CSP violation — in window.__problems.
(() => {
  const problems = (window.__problems = []);
  const say = (what) => problems.push(String(what));
  addEventListener('error', (e) => say(`error: ${e.message || e.target?.src || e.target?.href || e}`), true);
  addEventListener('unhandledrejection', (e) => say(`unhandled rejection: ${e.reason?.stack || e.reason}`));
  document.addEventListener('securitypolicyviolation', (e) => say(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
  const original = console.error;
  console.error = function (...args) {
    say(`console.error: ${args.map((a) => a?.stack || a).join(' ')}`);
    return original.apply(this, args);
  };
})();
