// A client of the session WebSocket (seed 5.4, DESIGN §6): the envelope {type, seq, ts, payload}, strictly
// increasing seq, acks, heartbeats; browsers pass the consent token as access_token (never logged).

export class SessionStream {
  constructor(sessionId, token, participant, handlers) {
    this.handlers = handlers;
    this.seq = 0;
    this.lastIn = 0;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const q = new URLSearchParams({ access_token: token, participant });
    this.ws = new WebSocket(`${scheme}//${location.host}/ws/sessions/${encodeURIComponent(sessionId)}?${q}`);
    this.ws.onmessage = (m) => this.receive(JSON.parse(m.data));
    this.ws.onclose = (e) => { clearInterval(this.beat); handlers.onClose && handlers.onClose(e.code, e.reason); };
    this.ws.onerror = () => handlers.onError && handlers.onError('WebSocket error');
    this.beat = setInterval(() => this.send('heartbeat', {}), 4000);
  }

  receive(frame) {
    if (frame.seq && frame.seq <= this.lastIn) return; // stale or duplicate
    if (frame.seq) this.lastIn = frame.seq;
    if (frame.type !== 'ack' && frame.type !== 'heartbeat' && !this.ackTimer) {
      this.ackTimer = setTimeout(() => { this.ackTimer = null; this.send('ack', { ack_seq: this.lastIn }); }, 300);
    }
    const h = this.handlers['on' + frame.type[0].toUpperCase() + frame.type.slice(1)];
    if (h) h(frame.payload || {}, frame);
    this.handlers.onFrame && this.handlers.onFrame(frame);
  }

  send(type, payload) {
    if (this.ws.readyState !== WebSocket.OPEN) return 0;
    this.seq += 1;
    this.ws.send(JSON.stringify({ type, seq: this.seq, ts: Math.floor(Date.now() / 1000), payload }));
    return this.seq;
  }

  close() { clearInterval(this.beat); this.ws.close(1000); }
}
