require "logger"

LOG = Logger.new($stdout, level: :info)
