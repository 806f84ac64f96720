using System;
using System.Collections.Generic;
using System.Linq;

namespace App
{
    public static class Db
    {
        public static string Url = Environment.GetEnvironmentVariable("DATABASE_URL");
    }
}
