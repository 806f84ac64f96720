require "logger"

class App
  def logger
    @logger ||= Logger.new 'log/app.log', 10, 1_048_576
  end
end
