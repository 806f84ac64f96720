import Redis from 'ioredis';

const redisHost: string = '10.0.0.12';

export const redis = new Redis({ host: redisHost, port: 6379 });
