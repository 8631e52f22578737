-- Argo CD health of a Gantry BatchPrediction (gantry.dev/v1alpha1). Lua 5.1 (gopher-lua).
local hs = {}
-- A run says its Complete condition; a scheduled one (spec.schedule) its Scheduled condition.
local function condition_message(status)
  if status.conditions ~= nil then
    for _, c in ipairs(status.conditions) do
      if (c.type == "Complete" or c.type == "Scheduled") and c.message ~= nil
          and c.message ~= "" then
        return c.message
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
if phase == "Pending" or phase == "Planning" or phase == "Running" then
  hs.status = "Progressing"
elseif phase == "Succeeded" then
  hs.status = "Healthy"
elseif phase == "Failed" then
  hs.status = "Degraded"
elseif phase == "Scheduled" then
  -- Waiting for its next firing; degraded while its latest run failed, until a run succeeds.
  if obj.status.lastRunPhase == "Failed" then
    hs.status = "Degraded"
  else
    hs.status = "Healthy"
  end
elseif phase == "Suspended" then
  hs.status = "Suspended"
else
  hs.status = "Unknown"
end
local message = condition_message(obj.status)
if message ~= nil then
  hs.message = phase .. ": " .. message
else
  hs.message = phase
end
return hs
