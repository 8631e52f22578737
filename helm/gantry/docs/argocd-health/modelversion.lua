-- Argo CD health of a Gantry ModelVersion (gantry.dev/v1alpha1). Lua 5.1 (gopher-lua).
local hs = {}
local function condition(status, type)
  if status.conditions ~= nil then
    for _, c in ipairs(status.conditions) do
      if c.type == type then
        return c
      end
    end
  end
  return nil
end
if obj.status == nil or obj.status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Gantry operator to validate the model"
  return hs
end
if obj.metadata.generation ~= nil and (obj.status.observedGeneration == nil
    or obj.status.observedGeneration < obj.metadata.generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the Gantry operator to observe generation " .. obj.metadata.generation
  return hs
end
local phase = obj.status.phase
local ready = condition(obj.status, "Ready")
local message = phase
if ready ~= nil and ready.message ~= nil and ready.message ~= "" then
  message = phase .. ": " .. ready.message
end
if phase == "Pending" or phase == "Validating" then
  hs.status = "Progressing"
elseif phase == "Rejected" then
  hs.status = "Degraded"
elseif phase == "Ready" then
  hs.status = "Healthy"
  -- An alias this version should carry is held by another version: the promotion did not happen.
  local conflict = condition(obj.status, "AliasConflict")
  if conflict ~= nil and conflict.status == "True" then
    hs.status = "Degraded"
    message = "AliasConflict: " .. (conflict.message or "")
  end
else
  hs.status = "Unknown"
end
hs.message = message
return hs
