// Copyright (c) Granary contributors. Licensed under the MIT License.
// Usage: node idempotent-produce.js <host:port> <topic> <count>
// Sends the numbers 0..count-1 one by one with an idempotent producer (maxInFlightRequests 1). Retries are left to
// kafkajs (same producer id and sequence), never done here: a resend from this script would be a new record.
const { Kafka, logLevel } = require('kafkajs');

async function main() {
  const [broker, topic, countText] = process.argv.slice(2);
  const count = Number(countText);
  const kafka = new Kafka({
    clientId: 'granary-interop',
    brokers: [broker],
    logLevel: logLevel.NOTHING,
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
  console.log('sent ' + count);
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
