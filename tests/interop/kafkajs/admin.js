// Copyright (c) Granary contributors. Licensed under the MIT License.
// Usage: node admin.js <host:port> <topic>
// Drives the kafkajs admin client through create (plain, validate-only, invalid name), createPartitions,
// fetchTopicMetadata, describeConfigs, alterConfigs and deleteTopics against one silo, and prints one JSON object
// with what each step returned, for the C# test to assert on.
const { Kafka, logLevel, ConfigResourceTypes } = require('kafkajs');

function describeError(error) {
  return {
    name: error.name,
    type: error.type || null,
    errors: (error.errors || []).map((e) => e.type || e.name || String(e)),
    message: error.message,
  };
}

async function topicConfigs(admin, topic) {
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms', 'cleanup.policy'] }],
  });
  const resource = described.resources[0];
  const entries = {};
  for (const entry of resource.configEntries) {
    entries[entry.configName] = { value: entry.configValue, isDefault: entry.isDefault, readOnly: entry.readOnly };
  }
  return { errorCode: resource.errorCode, entries };
}

async function main() {
  const [broker, topic] = process.argv.slice(2);
  const kafka = new Kafka({
    clientId: 'granary-interop-admin',
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  const admin = kafka.admin();
  await admin.connect();
  const result = {};

  result.created = await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '60000' }] }],
  });
  result.createdAgain = await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
  result.validateOnly = await admin.createTopics({ validateOnly: true, waitForLeaders: false, topics: [{ topic: topic + '-validate', numPartitions: 2 }] });
  try {
    await admin.createTopics({ topics: [{ topic: 'bad name!', numPartitions: 1 }] });
    result.invalidName = { name: 'no error' };
  } catch (error) {
    result.invalidName = describeError(error);
  }

  result.topicsAfterCreate = (await admin.listTopics()).sort();

  await admin.createPartitions({ topicPartitions: [{ topic, count: 5 }] });
  try {
    await admin.createPartitions({ topicPartitions: [{ topic, count: 2 }] });
    result.shrink = { name: 'no error' };
  } catch (error) {
    result.shrink = describeError(error);
  }

  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  result.metadata = metadata.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({ id: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr })).sort((a, b) => a.id - b.id),
  }));

  result.configsBefore = await topicConfigs(admin, topic);
  await admin.alterConfigs({
    validateOnly: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.ms', value: '120000' }, { name: 'cleanup.policy', value: 'compact' }] }],
  });
  result.configsAfter = await topicConfigs(admin, topic);
  try {
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.ms', value: 'soon' }] }],
    });
    result.invalidConfig = { name: 'no error' };
  } catch (error) {
    result.invalidConfig = describeError(error);
  }

  await admin.deleteTopics({ topics: [topic], timeout: 5000 });
  result.topicsAfterDelete = (await admin.listTopics()).sort();

  await admin.disconnect();
  console.log(JSON.stringify(result));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
