<!DOCTYPE html>
<html>
<body>
<?php $cache = 'redis://cache.internal:6379'; ?>
</body>
</html>
