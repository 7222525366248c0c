// Copyright (c) Granary contributors. Licensed under the MIT License.
// Usage: node idempotent-produce.js <host:port> <topic> <count> <seed> <maxCuts>
// Sends the numbers 0..count-1 one by one with an idempotent producer (maxInFlightRequests 1) while the connections
// are cut at random points: every socket kafkajs opens is destroyed after a seeded random number of received bytes
// (at least 700, enough for the handshake), often between the broker appending a batch and the producer reading the answer.
// Retries are left to kafkajs (same producer id and sequence), never done here: a resend from this script would be a
// new record. Prints "sent <count> cuts <n>".
const net = require('net');
const { Kafka, logLevel } = require('kafkajs');

async function main() {
  const [broker, topic, countText, seedText, maxCutsText] = process.argv.slice(2);
  const count = Number(countText);
  const maxCuts = Number(maxCutsText);
  let seed = Number(seedText) >>> 0;
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  let cuts = 0;
  const socketFactory = ({ host, port, onConnect }) => {
    const socket = net.connect({ host, port }, onConnect);
    socket.setKeepAlive(true);
    if (cuts < maxCuts) {
      const budget = 700 + Math.floor(next() * 3000);
      let received = 0;
      socket.on('data', (chunk) => {
        received += chunk.length;
        if (received >= budget && !socket.destroyed && cuts < maxCuts) {
          cuts++;
          socket.destroy(new Error('injected connection drop'));
        }
      });
    }
    return socket;
  };
  const kafka = new Kafka({
    clientId: 'granary-interop',
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    socketFactory,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { retries: 100, initialRetryTime: 50, maxRetryTime: 500 },
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  for (let i = 0; i < count; i++) {
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: String(i) }] });
  }
  await producer.disconnect();
  console.log('sent ' + count + ' cuts ' + cuts);
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
