// A WebSocket front for a TCP MQTT broker (mosquitto 2.0.11 as Debian
// builds it has no WebSocket listener), so the tests can reach a broker
// that speaks MQTT 5 over ws:// and wss://.
// Usage: node ws-bridge.js --to PORT --port-file FILE [--log FILE]
//            [--cert CRT --key KEY] [--path /mqtt]
// Serves on 127.0.0.1; an upgrade to --path with the subprotocol mqtt
// gets a TCP connection of its own to 127.0.0.1:PORT, and binary frames
// go one way, the TCP bytes the other; either side closing closes the
// other. Other paths get HTTP 404. It also takes plain MQTT on the port
// in FILE.tcp and passes it on the same way, to compare with.
// The log has a JSON line for each upgrade, and for each client's
// CONNECT: via (ws or tcp), level, and its properties as [id, value]
// pairs in the order sent (binary data in hex, a user property [k, v]).
// The port goes to --port-file once it listens.
'use strict'

const fs = require('fs')
const http = require('http')
const https = require('https')
const net = require('net')
const { WebSocketServer } = require('ws')

const opt = { path: '/mqtt' }
for (let i = 2; i < process.argv.length; i += 2) {
  opt[process.argv[i].replace(/^--/, '').replace(/-(.)/g,
    (m, c) => c.toUpperCase())] = process.argv[i + 1]
}
if (!opt.to || !opt.portFile) {
  console.error('usage: ws-bridge.js --to PORT --port-file FILE ...')
  process.exit(2)
}

function log (ev) {
  if (opt.log) fs.appendFileSync(opt.log, JSON.stringify(ev) + '\n')
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

// MQTT 5 property types by identifier (OASIS MQTT 5.0, 2.2.2.2).
const TYPE = {}
for (const id of [0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2a]) TYPE[id] = 'byte'
for (const id of [0x13, 0x21, 0x22, 0x23]) TYPE[id] = 'int16'
for (const id of [0x02, 0x11, 0x18, 0x27]) TYPE[id] = 'int32'
TYPE[0x0b] = 'varint'
for (const id of [0x03, 0x08, 0x12, 0x15, 0x1a, 0x1c, 0x1f]) TYPE[id] = 'string'
TYPE[0x09] = 'binary'
TYPE[0x16] = 'binary'
TYPE[0x26] = 'pair'

function varint (b, i) {
  let v = 0
  let mul = 1
  for (let k = 0; k < 4; k++) {
    if (i + k >= b.length) return null
    v += (b[i + k] & 127) * mul
    mul *= 128
    if (!(b[i + k] & 128)) return [v, k + 1]
  }
  throw new Error('bad varint')
}

// The CONNECT at the start of b, or null while it is incomplete.
function parseConnect (b) {
  if (b.length < 2) return null
  if (b[0] !== 0x10) return { error: 'first packet type ' + (b[0] >> 4) }
  const rl = varint(b, 1)
  if (rl === null || b.length < 1 + rl[1] + rl[0]) return null
  let i = 1 + rl[1]
  const nlen = b.readUInt16BE(i)
  i += 2 + nlen
  const level = b[i]
  i += 4
  const out = { level, props: [] }
  if (level !== 5) return out
  const pl = varint(b, i)
  i += pl[1]
  const end = i + pl[0]
  const str = () => {
    const n = b.readUInt16BE(i)
    const s = b.subarray(i + 2, i + 2 + n)
    i += 2 + n
    return s
  }
  while (i < end) {
    const id = varint(b, i)
    i += id[1]
    let v
    switch (TYPE[id[0]]) {
      case 'byte': v = b[i]; i += 1; break
      case 'int16': v = b.readUInt16BE(i); i += 2; break
      case 'int32': v = b.readUInt32BE(i); i += 4; break
      case 'varint': { const x = varint(b, i); v = x[0]; i += x[1]; break }
      case 'string': v = str().toString(); break
      case 'binary': v = str().toString('hex'); break
      case 'pair': v = [str().toString(), str().toString()]; break
      default: return { error: 'unknown property ' + id[0] }
    }
    out.props.push([id[0], v])
  }
  return out
}

// Logs the client's CONNECT once the first bytes hold it all.
function connectLogger (via) {
  let first = Buffer.alloc(0)
  let done = false
  return (data) => {
    if (done) return
    first = Buffer.concat([first, data])
    let c
    try {
      c = parseConnect(first)
    } catch (e) {
      c = { error: String(e) }
    }
    if (c === null) return
    done = true
    log(Object.assign({ ev: 'connect', via }, c))
  }
}

const wss = new WebSocketServer({
  noServer: true,
  handleProtocols: (protocols) => protocols.has('mqtt') ? 'mqtt' : false
})
server.on('upgrade', (req, socket, head) => {
  log({
    ev: 'upgrade',
    path: req.url,
    protocols: req.headers['sec-websocket-protocol'] || null
  })
  if (req.url !== opt.path) {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n' +
      'Connection: close\r\n\r\n')
    return
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    const tcp = net.connect(Number(opt.to), '127.0.0.1')
    const held = []
    let up = false
    tcp.on('connect', () => {
      up = true
      for (const b of held) tcp.write(b)
      held.length = 0
    })
    const seen = connectLogger('ws')
    ws.on('message', (data) => {
      seen(data)
      if (up) tcp.write(data)
      else held.push(data)
    })
    tcp.on('data', (data) => ws.send(data, { binary: true }))
    tcp.on('close', () => ws.close())
    tcp.on('error', () => ws.terminate())
    ws.on('close', () => tcp.end())
    ws.on('error', () => tcp.destroy())
  })
})

const plain = net.createServer((c) => {
  const seen = connectLogger('tcp')
  const tcp = net.connect(Number(opt.to), '127.0.0.1')
  c.on('data', seen)
  c.pipe(tcp)
  tcp.pipe(c)
  c.on('error', () => tcp.destroy())
  tcp.on('error', () => c.destroy())
})

plain.listen(0, '127.0.0.1', () => server.listen(0, '127.0.0.1', () => {
  fs.writeFileSync(opt.portFile + '.tcp', String(plain.address().port))
  fs.writeFileSync(opt.portFile + '.tmp', String(server.address().port))
  fs.renameSync(opt.portFile + '.tmp', opt.portFile)
}))
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => process.exit(0))
}
