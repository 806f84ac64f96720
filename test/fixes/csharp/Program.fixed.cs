var url = Environment.GetEnvironmentVariable("DATABASE_URL");
System.Console.WriteLine(url.Length);
