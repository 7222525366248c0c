// Copyright (c) Granary contributors. Licensed under the MIT License.
// kafkajs side of the Granary.Client consumer interop tests (Granary.InteropTests/Consuming). Each mode prints one
// JSON line starting with "RESULT " and exits 0, or exits 1 with the error.
//   node consumer-mix.js produce <broker> <topic> <count>          gzip and uncompressed batches with headers
//   node consumer-mix.js member <broker> <topic> <group> <ms>      one group member for <ms>, using an assigner
//                                                                   named "roundrobin" so it shares a group with
//                                                                   librdkafka-style members
'use strict';
const { Kafka, logLevel, CompressionTypes, PartitionAssigners } = require('kafkajs');

const [mode, broker, topic, third, fourth] = process.argv.slice(2);
const kafka = new Kafka({ clientId: 'granary-mix', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 8 } });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function produce(count) {
  const producer = kafka.producer();
  await producer.connect();
  const half = Math.floor(count / 2);
  const batch = (from, to) => {
    const messages = [];
    for (let i = from; i < to; i++) {
      messages.push({ key: `k${i}`, value: `v${i}`, partition: 0, headers: { origin: 'kafkajs', index: String(i) } });
    }
    return messages;
  };
  await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: batch(0, half) });
  await producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages: batch(half, count) });
  await producer.disconnect();
  return { count };
}

// kafkajs' round robin under librdkafka's protocol name: members agree on a protocol only by name.
const roundrobin = (config) => ({ ...PartitionAssigners.roundRobin(config), name: 'roundrobin' });

async function member(group, ms) {
  const seen = [];
  const consumer = kafka.consumer({
    groupId: group, sessionTimeout: 10000, heartbeatInterval: 300, rebalanceTimeout: 10000, maxWaitTimeInMs: 100,
    partitionAssigners: [roundrobin],
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => { seen.push(`${partition}:${message.offset}:${message.value.toString()}`); },
  });
  await sleep(ms);
  await consumer.disconnect();
  return { seen };
}

async function main() {
  const timer = setTimeout(() => { console.error('scenario deadline passed'); process.exit(2); }, 120000);
  let result;
  switch (mode) {
    case 'produce': result = await produce(Number(third)); break;
    case 'member': result = await member(third, Number(fourth)); break;
    default: throw new Error(`unknown mode ${mode}`);
  }
  clearTimeout(timer);
  console.log('RESULT ' + JSON.stringify(result));
}

main().then(() => process.exit(0), (error) => { console.error(error && error.stack || error); process.exit(1); });
