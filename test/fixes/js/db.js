'use strict';
const { Pool } = require('pg');

const pool = new Pool({ connectionString: 'postgres://app@db.internal:5432/app' });

module.exports = pool;
