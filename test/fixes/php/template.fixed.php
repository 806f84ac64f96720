<!DOCTYPE html>
<html>
<body>
<?php $cache = getenv('REDIS_URL'); ?>
</body>
</html>
