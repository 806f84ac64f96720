<?php

use Monolog\Handler\StreamHandler;
use Monolog\Logger;

$log = new Logger('app');
$log->pushHandler(new StreamHandler(__DIR__ . '/../logs/app.log', Logger::WARNING));
