-- Argo CD health of a Gantry InferenceService (gantry.dev/v1alpha1). Lua 5.1 (gopher-lua).
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
  hs.message = "Waiting for the Gantry operator to report status"
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
if phase == "Pending" or phase == "Progressing" then
  hs.status = "Progressing"
  if obj.status.canary ~= nil and obj.status.canary.modelVersion ~= nil then
    message = "Rolling out " .. obj.status.canary.modelVersion .. " at "
        .. (obj.status.canary.trafficPercent or 0) .. "% of traffic"
  end
elseif phase == "Degraded" or phase == "Failed" then
  hs.status = "Degraded"
elseif phase == "Ready" then
  hs.status = "Healthy"
  -- Serving the old version after a rollback: what Git asks for is not what serves.
  local rolledBack = condition(obj.status, "RolledBack")
  if rolledBack ~= nil and rolledBack.status == "True" then
    hs.status = "Degraded"
    message = "RolledBack: " .. (rolledBack.message or "")
  end
else
  hs.status = "Unknown"
end
hs.message = message
return hs
