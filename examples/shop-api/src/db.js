const { Pool } = require('pg');
const Redis = require('ioredis');

// Connection details for the shop database.
const pool = new Pool({ connectionString: 'postgres://shop:Sup3rS3cretPw@db.internal:5432/shop' });
const cache = new Redis({ host: '10.0.4.12', port: 6379 });

module.exports = { pool, cache };
