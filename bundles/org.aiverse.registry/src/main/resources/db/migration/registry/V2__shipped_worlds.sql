-- The worlds the distribution ships (DESIGN §6): the embedded simulated world, and the worlds whose engine is
-- whatever client connects to the session WebSocket.
INSERT INTO bridge_registration (id, kind, name, version, capabilities, endpoints, policy, health, adapter, updated_at)
VALUES ('sim', 'world', 'Simulated gallery', '1.0.0', '["speak","move","animate","buyItem","openDialog"]', '{}', NULL, 'ok', 'sim', 0);
INSERT INTO bridge_registration (id, kind, name, version, capabilities, endpoints, policy, health, adapter, updated_at)
VALUES ('webxr', 'world', 'WebXR world', '1.0.0', '["speak","move","animate","openDialog"]', '{}', NULL, 'ok', 'webxr', 0);
INSERT INTO bridge_registration (id, kind, name, version, capabilities, endpoints, policy, health, adapter, updated_at)
VALUES ('unity', 'world', 'Unity world', '1.0.0', '["speak","move","animate","buyItem","openDialog"]', '{}', NULL, 'ok', 'unity', 0);
INSERT INTO bridge_registration (id, kind, name, version, capabilities, endpoints, policy, health, adapter, updated_at)
VALUES ('unreal', 'world', 'Unreal world', '1.0.0', '["speak","move","animate","buyItem","openDialog"]', '{}', NULL, 'ok', 'unreal', 0);
