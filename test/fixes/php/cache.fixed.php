<?php

declare(strict_types=1);

$redisUrl = getenv('REDIS_URL');

function connect(string $url = 'redis://cache.internal:6380'): string
{
    return $url;
}

echo connect($redisUrl);
