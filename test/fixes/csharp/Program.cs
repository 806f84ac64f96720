var url = "postgres://app@db.internal:5432/app";
System.Console.WriteLine(url.Length);
