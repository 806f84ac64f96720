#!/usr/bin/env python3
# -*- coding: utf-8 -*-
redis_host = "10.0.0.7"
redis_port = 6379
