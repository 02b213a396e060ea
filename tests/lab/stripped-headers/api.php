<?php
// A small PHP API: it wants `Authorization: Bearer <token>` or an API key header.
header('Content-Type: application/json');
$auth = $_SERVER['HTTP_AUTHORIZATION'] ?? '';
$key = $_SERVER['HTTP_X_API_KEY'] ?? '';
if ($auth === '' && $key === '') {
    http_response_code(401);
    header('WWW-Authenticate: Bearer realm="lab-app"');
    echo json_encode(['error' => 'unauthenticated', 'message' => 'Authorization header is missing']);
    exit;
}
if ($auth !== 'Bearer lab-token-7f3a9c' && $key !== 'lab-key-5d1e') {
    http_response_code(401);
    header('WWW-Authenticate: Bearer realm="lab-app", error="invalid_token"');
    echo json_encode(['error' => 'invalid_token']);
    exit;
}
echo json_encode(['ok' => true]);
