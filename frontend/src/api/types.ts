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
export type Bloc = Schemas["Bloc"];
export type Certification = Schemas["Certification"];
export type TrainingSession = Schemas["TrainingSession"];
export type Enrolment = Schemas["Enrolment"];
export type EnrolmentState = Schemas["EnrolmentStateEnum"];
export type EnrolmentCreate = Schemas["EnrolmentCreateRequest"];
export type EnrolmentTransitionBody = Schemas["EnrolmentTransitionRequestRequest"];
export type VaeApplication = Schemas["VaeApplication"];
export type VaeState = Schemas["VaeApplicationStateEnum"];
export type VaeStep = Schemas["VaeStep"];
export type VaeTransitionBody = Schemas["VaeTransitionRequestRequest"];
export type EnrolmentTransitionName = operations["v1_enrolments_transitions_create"]["parameters"]["path"]["name"];
export type VaeTransitionName = operations["v1_vae_applications_transitions_create"]["parameters"]["path"]["name"];
