const sql = `
  postgres://app@db.internal:5432/app
`;
module.exports = sql;
