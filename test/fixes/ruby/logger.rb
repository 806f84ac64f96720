require "logger"

LOG = Logger.new("log/production.log", "daily", level: :info)
