const express = require('express');
const session = require('express-session');
const multer = require('multer');
const { pool } = require('./db');
const logger = require('./logger');

const STRIPE_SECRET_KEY = 'sk_live_51Hq8ZpLkT3vXw9RbN2mYcQ7dJ4';
const app = express();
const upload = multer({ dest: 'uploads/' });

app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.post('/products/:id/photo', upload.single('photo'), async (req, res) => {
  await pool.query('UPDATE products SET photo = $1 WHERE id = $2', [req.file.path, req.params.id]);
  logger.info('photo uploaded', { product: req.params.id });
  res.sendStatus(204);
});

app.listen(3000);
module.exports = { app, STRIPE_SECRET_KEY };
