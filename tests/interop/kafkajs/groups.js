// Copyright (c) Granary contributors. Licensed under the MIT License.
// kafkajs consumer-group scenarios that Granary.InteropTests drive against a real silo. Every mode prints one JSON
// line starting with "RESULT " and exits 0, or exits 1 with the error. Each mode is bounded by a deadline.
//   node groups.js rebalance <broker> <topic> <group>   three members share a topic; one leaves, another joins
//   node groups.js produce <broker> <topic> <prefix> <count>
//   node groups.js consume <broker> <topic> <group> <count>   consumes <count> messages, commits, leaves
//   node groups.js join <broker> <topic> <group>         measures one member's join (group.join event)
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const [mode, broker, topic, third, fourth] = process.argv.slice(2);
const kafka = new Kafka({ clientId: 'granary-interop', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 8 } });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition, what, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function produce(prefix, count) {
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  const messages = [];
  for (let i = 0; i < count; i++) messages.push({ key: `${prefix}-${i}`, value: `${prefix}-${i}` });
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
  return messages.map((m) => m.value);
}

async function startMember(name, group, seen) {
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10000, heartbeatInterval: 500, rebalanceTimeout: 10000, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const member = { name, consumer, joined: false, count: 0 };
  consumer.on(consumer.events.GROUP_JOIN, () => { member.joined = true; });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      member.count++;
      seen.push({ member: name, partition, offset: message.offset, value: message.value.toString() });
    },
  });
  return member;
}

async function rebalance(group) {
  const seen = [];
  const members = [];
  for (const name of ['c1', 'c2', 'c3']) members.push(await startMember(name, group, seen));
  await waitFor(() => members.every((m) => m.joined), 'three members to join');
  await sleep(1000); // the last join's rebalance settles with all three
  const expected = await produce('a', 60);
  await waitFor(() => new Set(seen.map((s) => s.value)).size >= 60, 'the first 60 messages');
  await sleep(1500); // auto-commits land before the membership changes
  const leaving = members.pop();
  await leaving.consumer.disconnect();
  expected.push(...(await produce('b', 60)));
  members.push(await startMember('c4', group, seen));
  await waitFor(() => members[2].joined, 'c4 to join');
  expected.push(...(await produce('c', 60)));
  await waitFor(() => new Set(seen.map((s) => s.value)).size >= 180, 'all 180 messages');
  await sleep(1500); // anything delivered twice would show up here
  for (const m of members) await m.consumer.disconnect();
  const counts = {};
  for (const s of seen) counts[s.value] = (counts[s.value] || 0) + 1;
  const duplicates = Object.keys(counts).filter((v) => counts[v] > 1);
  const missing = expected.filter((v) => !counts[v]);
  const perMember = {};
  for (const s of seen) perMember[s.member] = (perMember[s.member] || 0) + 1;
  return { expected: expected.length, received: seen.length, duplicates, missing, perMember };
}

async function consume(group, count) {
  const seen = [];
  const member = await startMember('c', group, seen);
  await waitFor(() => seen.length >= count, `${count} messages`);
  await sleep(1000); // a duplicate or an extra message would show up here
  await member.consumer.disconnect();
  return { values: seen.map((s) => s.value) };
}

async function join(group) {
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10000, heartbeatInterval: 1000 });
  await consumer.connect();
  const started = process.hrtime.bigint();
  let joinedAt = null;
  consumer.on(consumer.events.GROUP_JOIN, () => { joinedAt = process.hrtime.bigint(); });
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async () => {} });
  await waitFor(() => joinedAt !== null, 'the join');
  await consumer.disconnect();
  return { joinMs: Number(joinedAt - started) / 1e6 };
}

async function main() {
  const timer = setTimeout(() => { console.error('scenario deadline passed'); process.exit(2); }, 150000);
  let result;
  switch (mode) {
    case 'rebalance': result = await rebalance(third); break;
    case 'produce': result = { values: await produce(third, Number(fourth)) }; break;
    case 'consume': result = await consume(third, Number(fourth)); break;
    case 'join': result = await join(third); break;
    default: throw new Error(`unknown mode ${mode}`);
  }
  clearTimeout(timer);
  console.log('RESULT ' + JSON.stringify(result));
}

main().then(() => process.exit(0), (error) => { console.error(error && error.stack || error); process.exit(1); });
