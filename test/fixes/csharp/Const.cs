namespace App;

public static class Db
{
    public const string Url = "postgres://app@db.internal:5432/app";
}
