const port = 5432;
const url = `postgres://app@db.internal:${port}/app`;
module.exports = url;
