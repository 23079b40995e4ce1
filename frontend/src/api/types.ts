// Short names for the generated schema types (nothing here is written by hand).
import type { components, operations } from "./schema";

type Schemas = components["schemas"];

export type Me = Schemas["Me"];
export type Membership = Schemas["Membership"];
export type Role = Schemas["RoleEnum"];
export type OrganisationKind = Schemas["OrganisationKindEnum"];
export type Parcours = Schemas["Parcours"];
export type Phase = Schemas["PhaseEnum"];
export type PhaseTransition = Schemas["PhaseTransition"];
export type TransitionOption = Schemas["TransitionOption"];
export type ExitReason = Schemas["ExitReason"];
export type Programme = Schemas["Programme"];
export type Counsellor = Schemas["Counsellor"];
export type ParcoursListQuery = NonNullable<operations["v1_parcours_list"]["parameters"]["query"]>;
export type Placement = Schemas["Placement"];
export type PlacementKind = Schemas["PlacementKindEnum"];
export type PlacementState = Schemas["PlacementStateEnum"];
export type PlacementPurpose = Schemas["PlacementPurposeEnum"];
export type PlacementCreate = Schemas["PlacementCreateRequest"];
export type PlacementTransitionBody = Schemas["PlacementTransitionRequestRequest"];
export type Establishment = Schemas["Establishment"];
export type AppNotification = Schemas["Notification"];
