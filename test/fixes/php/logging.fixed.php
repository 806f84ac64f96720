<?php

use Monolog\Handler\StreamHandler;
use Monolog\Logger;

$log = new Logger('app');
$log->pushHandler(new StreamHandler('php://stdout', Logger::WARNING));
