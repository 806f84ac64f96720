<?php

final class Config
{
    public const REDIS_URL = 'redis://cache.internal:6379';
    private string $db = 'postgres://app@db.internal:5432/app';
}
