/**
 * Backing services by URL scheme: which service a connection string points at and the
 * environment variable it conventionally comes from. Rules name variables from here, and the
 * scaffolding picks compose services from the same table.
 */
import { own } from './own';

export interface ServiceKind {
  /** Human name ("PostgreSQL"). */
  name: string;
  /** Conventional environment variable for its address. */
  envVar: string;
}

const SERVICES: Record<string, ServiceKind> = {
  postgres: { name: 'PostgreSQL', envVar: 'DATABASE_URL' },
  postgresql: { name: 'PostgreSQL', envVar: 'DATABASE_URL' },
  mysql: { name: 'MySQL', envVar: 'DATABASE_URL' },
  mariadb: { name: 'MariaDB', envVar: 'DATABASE_URL' },
  mssql: { name: 'SQL Server', envVar: 'DATABASE_URL' },
  sqlserver: { name: 'SQL Server', envVar: 'DATABASE_URL' },
  oracle: { name: 'Oracle', envVar: 'DATABASE_URL' },
  jdbc: { name: 'JDBC database', envVar: 'DATABASE_URL' },
  mongodb: { name: 'MongoDB', envVar: 'MONGODB_URI' },
  'mongodb+srv': { name: 'MongoDB', envVar: 'MONGODB_URI' },
  redis: { name: 'Redis', envVar: 'REDIS_URL' },
  rediss: { name: 'Redis', envVar: 'REDIS_URL' },
  amqp: { name: 'RabbitMQ', envVar: 'AMQP_URL' },
  amqps: { name: 'RabbitMQ', envVar: 'AMQP_URL' },
  kafka: { name: 'Kafka', envVar: 'KAFKA_BROKERS' },
  nats: { name: 'NATS', envVar: 'NATS_URL' },
  memcache: { name: 'Memcached', envVar: 'MEMCACHED_URL' },
  memcached: { name: 'Memcached', envVar: 'MEMCACHED_URL' },
  ldap: { name: 'LDAP', envVar: 'LDAP_URL' },
  ldaps: { name: 'LDAP', envVar: 'LDAP_URL' },
  smtp: { name: 'SMTP', envVar: 'SMTP_URL' },
  smtps: { name: 'SMTP', envVar: 'SMTP_URL' },
  cassandra: { name: 'Cassandra', envVar: 'CASSANDRA_URL' },
  neo4j: { name: 'Neo4j', envVar: 'NEO4J_URI' },
  'neo4j+s': { name: 'Neo4j', envVar: 'NEO4J_URI' },
  bolt: { name: 'Neo4j', envVar: 'NEO4J_URI' },
  clickhouse: { name: 'ClickHouse', envVar: 'CLICKHOUSE_URL' },
  couchdb: { name: 'CouchDB', envVar: 'COUCHDB_URL' },
  elasticsearch: { name: 'Elasticsearch', envVar: 'ELASTICSEARCH_URL' },
  opensearch: { name: 'OpenSearch', envVar: 'OPENSEARCH_URL' },
};

/** The service for a scheme such as `postgresql+psycopg2` or `jdbc`; undefined when unknown. */
export function serviceForScheme(scheme: string): ServiceKind | undefined {
  const s = scheme.toLowerCase();
  return own(SERVICES, s) ?? own(SERVICES, s.split('+')[0]);
}

/** Every scheme in the table, for building matchers. */
export const SERVICE_SCHEMES: readonly string[] = Object.keys(SERVICES);
