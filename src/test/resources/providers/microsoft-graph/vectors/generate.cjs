// Microsoft Graph signs nothing in a basic change notification: each value[] item carries the clientState given
// when subscribing, which the receiver compares ("Receive change notifications through webhooks"). The fixture is
// Graph's documented example, whose clientState is "secretClientValue"; no Graph SDK verifies it. The tamper text is
// that value: one byte of it changed must fail.
const { fixture, write } = require('../../vectors.cjs');
const body = fixture(__dirname, 'change-notification.json');
const state = JSON.parse(body).value[0].clientState;
write(__dirname, {
  generator: "generate.cjs: Graph's documented example as is (no SDK verifies a clientState)",
  settings: { 'tributary.microsoft-graph.webhook-secret': state },
  now: 1458425469,
  vectors: [
    { name: "Graph's documented notification", headers: {}, body, tamper: state },
    { name: 'the previous clientState while subscriptions are renewed', settings: { 'tributary.microsoft-graph.webhook-secret': 'newClientValue',
      'tributary.microsoft-graph.previous-secret': state }, headers: {}, body, tamper: state },
  ],
});
