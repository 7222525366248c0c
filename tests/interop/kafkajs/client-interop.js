// Copyright (c) Granary contributors. Licensed under the MIT License.
//
// kafkajs 2.2.4 on the other side of Granary.Client's interop tests. Modes:
//   node client-interop.js consume <host:port> <topic> <count>
//     reads <count> records from the beginning of every partition (every codec) and prints them
//   node client-interop.js produce-keys <host:port> <topic> <key,key,...>
//     sends one record per key with kafkajs's default partitioner (the Java-compatible murmur2 one)
// Each mode prints one line "RESULT <json>" and exits 0, or exits 1 with the error; each is bounded by a deadline.
'use strict'

const { Kafka, CompressionTypes, CompressionCodecs, logLevel } = require('kafkajs')
const SnappyCodec = require('kafkajs-snappy')
const lz4js = require('lz4js')
const { ZstdCodec } = require('zstd-codec')

const loadZstd = () => new Promise(resolve => ZstdCodec.run(zstd => resolve(new zstd.Simple())))

const registerCodecs = async () => {
  const zstd = await loadZstd()
  CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    async compress(encoder) {
      return Buffer.from(lz4js.compress(encoder.buffer))
    },
    async decompress(buffer) {
      return Buffer.from(lz4js.decompress(buffer))
    },
  })
  CompressionCodecs[CompressionTypes.ZSTD] = () => ({
    async compress(encoder) {
      return Buffer.from(zstd.compress(encoder.buffer))
    },
    async decompress(buffer) {
      return Buffer.from(zstd.decompress(buffer))
    },
  })
}

const text = b => (b === null || b === undefined ? null : b.toString('utf8'))

const consume = async (kafka, topic, count) => {
  const consumer = kafka.consumer({ groupId: `client-interop-${process.pid}-${Date.now()}` })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  const records = []
  await new Promise((resolve, reject) => {
    consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers = {}
        for (const [k, v] of Object.entries(message.headers || {})) {
          headers[k] = text(v)
        }

        records.push({ partition, offset: Number(message.offset), key: text(message.key), value: text(message.value), headers })
        if (records.length >= count) {
          resolve()
        }
      },
    }).catch(reject)
  })
  await consumer.disconnect()
  records.sort((a, b) => a.partition - b.partition || a.offset - b.offset)
  return records
}

const produceKeys = async (kafka, topic, keys) => {
  const producer = kafka.producer()
  await producer.connect()
  await producer.send({ topic, messages: keys.map(key => ({ key, value: 'kafkajs' })) })
  await producer.disconnect()
  return { sent: keys.length }
}

const main = async () => {
  const [mode, broker, topic, arg] = process.argv.slice(2)
  await registerCodecs()
  const kafka = new Kafka({ clientId: 'granary-client-interop', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 5 } })
  const deadline = setTimeout(() => {
    console.error(`${mode} did not finish within 90 s`)
    process.exit(1)
  }, 90000)
  let result
  if (mode === 'consume') {
    result = await consume(kafka, topic, Number(arg))
  } else if (mode === 'produce-keys') {
    result = await produceKeys(kafka, topic, arg.split(','))
  } else {
    throw new Error(`unknown mode ${mode}`)
  }

  clearTimeout(deadline)
  console.log('RESULT ' + JSON.stringify(result))
}

main().then(() => process.exit(0), error => {
  console.error(error)
  process.exit(1)
})
