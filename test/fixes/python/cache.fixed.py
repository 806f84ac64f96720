#!/usr/bin/env python3
# -*- coding: utf-8 -*-
import os
redis_host = os.environ["REDIS_HOST"]
redis_port = 6379
