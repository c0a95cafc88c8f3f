// Reads Tributary's events as CloudEvents and commits only what was handled.
//   npm install && KAFKA_BOOTSTRAP=127.0.0.1:9092 TOPICS=tributary.events.thirdfort node index.js
// Either content mode works: Kafka.toEvent tells structured (content-type application/cloudevents+json)
// from binary (ce_* headers, the data as the value).
"use strict";

const { Kafka: KafkaClient } = require("kafkajs");
const { Kafka } = require("cloudevents");

const brokers = (process.env.KAFKA_BOOTSTRAP || "127.0.0.1:9092").split(",");
const topics = (process.env.TOPICS || "tributary.events.thirdfort").split(",");
const groupId = process.env.GROUP_ID || "example-node-consumer";

// kafkajs hands headers over as Buffers; the CloudEvents binding reads strings.
function toMessage(message) {
  const headers = {};
  for (const [name, value] of Object.entries(message.headers || {})) {
    headers[name] = Buffer.isBuffer(value) ? value.toString("utf8") : String(value);
  }
  return {
    key: message.key ? message.key.toString("utf8") : undefined,
    value: message.value ? message.value.toString("utf8") : undefined,
    headers,
    timestamp: message.timestamp,
  };
}

async function main() {
  const kafka = new KafkaClient({ clientId: groupId, brokers });
  // readUncommitted: false is read_committed: Tributary publishes in transactions, and an aborted copy must stay unseen.
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    autoCommit: false, // commit after handling, never before: a crash re-reads (at least once); dedupe on the event id
    eachMessage: async ({ topic, partition, message }) => {
      const event = Kafka.toEvent(toMessage(message));
      const data = typeof event.data === "string" ? event.data : JSON.stringify(event.data);
      console.log(`${event.time}  ${event.type}  ${event.subject}  ${event.id}  ${data.length} chars of ${event.datacontenttype}`);
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    },
  });
  const stop = async () => {
    await consumer.disconnect();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  if (err.type === "UNKNOWN_TOPIC_OR_PARTITION") {
    // Tributary creates tributary.events.<provider> with the provider's first event.
    console.error(`A topic of ${topics.join(", ")} does not exist yet: no event of that provider was published.`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
