// Copyright (c) Granary contributors. Licensed under the MIT License.
// Usage: node security.js <host:port> <topic> <ssl|sasl_plaintext|sasl_ssl> <ca.pem> [mechanism user password]
// Connects kafkajs with its standard ssl/sasl options, produces five messages, reads them back with a consumer
// group, and prints one JSON object: {"consumed": [...]} or {"error": {name, type, message}}.
const fs = require('fs');
const { Kafka, logLevel } = require('kafkajs');

async function main() {
  const [broker, topic, protocol, caPath, mechanism, username, password] = process.argv.slice(2);
  const config = {
    clientId: 'granary-interop-security',
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5000,
    requestTimeout: 10000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
  };
  if (protocol !== 'sasl_plaintext') {
    config.ssl = { ca: [fs.readFileSync(caPath, 'utf8')] };
  }
  if (protocol.startsWith('sasl')) {
    config.sasl = { mechanism, username, password };
  }

  const kafka = new Kafka(config);
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  try {
    await producer.connect();
  } catch (error) {
    console.log(JSON.stringify({ error: { name: error.name, type: error.type || null, message: error.message } }));
    return;
  }

  const values = [0, 1, 2, 3, 4].map((i) => `${protocol}-${i}`);
  await producer.send({ topic, messages: values.map((value) => ({ value })) });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `${topic}-group`, sessionTimeout: 10000, rebalanceTimeout: 10000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const consumed = [];
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out consuming')), 30000);
    consumer.run({
      eachMessage: async ({ message }) => {
        consumed.push(message.value.toString());
        if (consumed.length >= values.length) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  console.log(JSON.stringify({ consumed }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
