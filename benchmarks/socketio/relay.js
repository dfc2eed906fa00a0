// The peer of SessionLoadDriver: a Socket.IO 4 server relaying the same frames. For every `event` frame a
// client sends, it answers with an `intent` frame (seed 5.4 envelope) and acks every 20 frames, as the
// AI-Verse session stream does (without the Core, the gate, the adapter and the recorder behind it).
// Run: npm install (in this directory, at run time) && node relay.js [port]
const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 3300);
const server = http.createServer((req, res) => {
  if (req.url === '/mem') {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(process.memoryUsage()));
    return;
  }
  res.statusCode = 404;
  res.end();
});
const io = new Server(server, { transports: ['websocket'], perMessageDeflate: false });

io.on('connection', (socket) => {
  let seq = 0;
  let received = 0;
  socket.on('frame', (frame) => {
    if (!frame || typeof frame !== 'object') return;
    received++;
    if (frame.type === 'event' && frame.payload) {
      const text = frame.payload.payload && frame.payload.payload.text;
      socket.emit('frame', {
        type: 'intent',
        seq: ++seq,
        ts: Math.floor(Date.now() / 1000),
        payload: {
          intent_id: 'i_' + seq,
          type: 'speak',
          target: 'user',
          confidence: 0.9,
          params: { text: text },
          meta: { corr_id: frame.payload.id, trace_id: frame.payload.meta && frame.payload.meta.trace_id },
        },
      });
    }
    if (received % 20 === 0) {
      socket.emit('frame', { type: 'ack', seq: ++seq, ts: Math.floor(Date.now() / 1000), payload: { ack_seq: frame.seq } });
    }
  });
});

server.listen(port, '127.0.0.1', () => console.log('socket.io relay on ' + port));
