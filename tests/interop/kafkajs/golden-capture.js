// Copyright (c) Granary contributors. Licensed under the MIT License.
//
// Drives kafkajs through the requests the golden corpus needs, against the capture broker
// (tests/Granary.Protocol.GoldenCapture): admin metadata, one produce per codec, a group consumer.
// Usage: node golden-capture.js <host:port>
'use strict'

const { Kafka, CompressionTypes, CompressionCodecs, logLevel } = require('kafkajs')
const SnappyCodec = require('kafkajs-snappy')
const lz4js = require('lz4js')
const lz4xxh32 = require('lz4js/xxh32.js')
const { ZstdCodec } = require('zstd-codec')

const broker = process.argv[2] || '127.0.0.1:19092'
const topic = 'golden'
const codecs = [
  ['none', CompressionTypes.None],
  ['gzip', CompressionTypes.GZIP],
  ['snappy', CompressionTypes.Snappy],
  ['lz4', CompressionTypes.LZ4],
  ['zstd', CompressionTypes.ZSTD],
]

// The value the golden tests expect for record i; repetitive so every codec actually shrinks it.
const valueOf = i => `golden-${i}` + ' granary'.repeat(16)

// lz4js writes the LZ4 frame format, which is what Kafka's LZ4 attribute means for v2 batches, but leaves the
// block-independence flag clear. Kafka's own writers (Java, librdkafka) set it, so this codec does too: with a
// single block (lz4js blocks are 4 MiB) there is no earlier block to refer to and the flag is simply true.
const LZ4_MAX_SINGLE_BLOCK = 4 * 1024 * 1024
const lz4Codec = () => ({
  async compress(encoder) {
    if (encoder.buffer.length > LZ4_MAX_SINGLE_BLOCK) {
      throw new Error('golden lz4 codec: input spans more than one lz4js block')
    }

    const frame = Buffer.from(lz4js.compress(encoder.buffer))
    frame[4] |= 0x20
    frame[6] = (lz4xxh32.hash(0, frame, 4, 2) >>> 8) & 0xff
    return frame
  },
  async decompress(buffer) {
    return Buffer.from(lz4js.decompress(buffer))
  },
})

// zstd-codec is zstd compiled to JavaScript (no native module); its module initialises asynchronously.
const loadZstd = () => new Promise(resolve => ZstdCodec.run(zstd => resolve(new zstd.Simple())))

const main = async () => {
  const zstd = await loadZstd()
  CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec
  CompressionCodecs[CompressionTypes.LZ4] = lz4Codec
  CompressionCodecs[CompressionTypes.ZSTD] = () => ({
    async compress(encoder) {
      return Buffer.from(zstd.compress(encoder.buffer))
    },
    async decompress(buffer) {
      return Buffer.from(zstd.decompress(buffer))
    },
  })

  const kafka = new Kafka({ clientId: 'golden-kafkajs', brokers: [broker], logLevel: logLevel.WARN, retry: { retries: 2 } })

  const admin = kafka.admin()
  await admin.connect()
  await admin.fetchTopicMetadata({ topics: [topic] })
  await admin.disconnect()

  const producer = kafka.producer()
  await producer.connect()
  for (const [name, compression] of codecs) {
    const messages = []
    for (let i = 0; i < 10; i++) {
      messages.push({ key: `key-${i}`, value: valueOf(i), headers: { 'golden-header': 'kafkajs' } })
    }

    await producer.send({ topic, compression, messages })
    console.log(`produced 10 records with ${name}`)
  }

  await producer.disconnect()

  const expected = 10 * codecs.length
  const consumer = kafka.consumer({ groupId: 'golden-group', maxWaitTimeInMs: 200 })
  await consumer.connect()
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  let received = 0
  let mismatches = 0
  await new Promise((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ message }) => {
          const i = received % 10
          if (message.key.toString() !== `key-${i}` || message.value.toString() !== valueOf(i)) {
            mismatches++
          }

          if (++received === expected) {
            resolve()
          }
        },
      })
      .catch(reject)
  })
  await consumer.disconnect()
  console.log(`consumed ${received} records, ${mismatches} unexpected`)
  if (mismatches > 0) {
    process.exitCode = 1
  }
}

main().catch(error => {
  console.error(error)
  process.exit(1)
})
