require "logger"

class App
  def logger
    @logger ||= Logger.new $stdout
  end
end
