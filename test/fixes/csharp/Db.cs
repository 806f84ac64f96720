using System.Collections.Generic;
using System.Linq;

namespace App
{
    public static class Db
    {
        public static string Url = "postgres://app@db.internal:5432/app";
    }
}
