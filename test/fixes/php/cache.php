<?php

declare(strict_types=1);

$redisUrl = 'redis://cache.internal:6379';

function connect(string $url = 'redis://cache.internal:6380'): string
{
    return $url;
}

echo connect($redisUrl);
