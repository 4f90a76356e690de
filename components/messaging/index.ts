export * from "./types";
export { BROKER_DEFAULTS, brokerSubnets, endpointHost, RabbitMqBroker, RabbitMqBrokerArgs } from "./broker";
