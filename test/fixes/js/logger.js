const winston = require('winston');

const logger = winston.createLogger({
  level: 'info',
  transports: [
    new winston.transports.File({ filename: 'logs/app.log', maxsize: 5242880 }),
  ],
});

module.exports = logger;
