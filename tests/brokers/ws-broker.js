// A WebSocket MQTT broker for the tests: aedes behind the ws package.
// Usage: node ws-broker.js --log FILE --port-file FILE [--port N]
//            [--cert CRT --key KEY] [--path /mqtt]
// The same broker also takes plain MQTT over TCP on the port written to
// FILE.tcp, for mosquitto_pub and mosquitto_sub to check against.
// Serves ws:// (wss:// with --cert and --key) on 127.0.0.1. An upgrade to
// another path than --path gets HTTP 404; the path /nosub is accepted
// without the mqtt subprotocol. Each thing it sees is a JSON line in the
// log: upgrade (path, headers, protocols), client, subscribe, publish,
// clientDisconnect. The port goes to --port-file once it listens.
'use strict'

const fs = require('fs')
const http = require('http')
const net = require('net')
const https = require('https')
const aedes = require('aedes')()
const { WebSocketServer, createWebSocketStream } = require('ws')

const opt = { port: 0, path: '/mqtt' }
for (let i = 2; i < process.argv.length; i += 2) {
  opt[process.argv[i].replace(/^--/, '').replace(/-(.)/g,
    (m, c) => c.toUpperCase())] = process.argv[i + 1]
}
if (!opt.log || !opt.portFile) {
  console.error('usage: ws-broker.js --log FILE --port-file FILE ...')
  process.exit(2)
}

function log (ev) {
  fs.appendFileSync(opt.log, JSON.stringify(ev) + '\n')
}

const server = opt.cert
  ? https.createServer({
    cert: fs.readFileSync(opt.cert), key: fs.readFileSync(opt.key)
  })
  : http.createServer()
server.on('request', (req, res) => {
  res.writeHead(426)
  res.end()
})

const wss = new WebSocketServer({
  noServer: true,
  handleProtocols: (protocols, req) =>
    req.url !== '/nosub' && protocols.has('mqtt') ? 'mqtt' : false
})
server.on('upgrade', (req, socket, head) => {
  log({
    ev: 'upgrade',
    path: req.url,
    headers: req.headers,
    protocols: req.headers['sec-websocket-protocol'] || null
  })
  if (req.url !== opt.path && req.url !== '/nosub') {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n' +
      'Connection: close\r\n\r\n')
    return
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    const stream = createWebSocketStream(ws)
    stream.on('error', () => {})
    aedes.handle(stream)
  })
})

aedes.on('client', (c) => log({ ev: 'client', id: c.id }))
aedes.on('clientDisconnect', (c) => log({ ev: 'clientDisconnect', id: c.id }))
aedes.on('subscribe', (subs, c) => log({
  ev: 'subscribe', id: c ? c.id : null, topics: subs.map((s) => s.topic)
}))
aedes.on('publish', (p, c) => {
  if (c) {
    log({
      ev: 'publish', id: c.id, topic: p.topic, payload: p.payload.toString()
    })
  }
})

const tcp = net.createServer(aedes.handle)
tcp.listen(0, '127.0.0.1', () => {
  server.listen(Number(opt.port), '127.0.0.1', () => {
    fs.writeFileSync(opt.portFile + '.tcp', String(tcp.address().port))
    fs.writeFileSync(opt.portFile + '.tmp', String(server.address().port))
    fs.renameSync(opt.portFile + '.tmp', opt.portFile)
  })
})
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => process.exit(0))
}
